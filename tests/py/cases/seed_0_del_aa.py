aa= 100  
 del aa  
